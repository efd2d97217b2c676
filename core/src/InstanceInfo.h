//
// InstanceInfo.h
//
// Which instance answered: host, configured name, Kubernetes pod facts and process start.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_INSTANCEINFO_INCLUDED
#define LABMOCK_INSTANCEINFO_INCLUDED

#include <Poco/JSON/Object.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <string>
#include <utility>
#include <vector>

namespace labmock
{

/// Identifies the process that answers, so that of three replicas the one lacking a secret
/// can be named: its host name, instance.name (the host name unless configured), the pod,
/// namespace, node and IP that the Kubernetes downward API puts in POD_NAME, POD_NAMESPACE,
/// NODE_NAME and POD_IP, and when the process started. A plain value: immutable once
/// built, safe to share between threads.
class InstanceInfo
{
public:
    /// The instance this process is: configuredName ("" for the host name), the host name
    /// and downward-API variables of the environment, the process start time.
    static InstanceInfo detect(const std::string& configuredName = "");

    /// An instance with the given facts (empty strings: not known), for tests and tools.
    InstanceInfo(std::string name, std::string hostName, Poco::Timestamp startTime, std::string pod = "",
                 std::string podNamespace = "", std::string node = "", std::string ip = "");

    const std::string& name() const;
    const std::string& hostName() const;
    const std::string& pod() const;          ///< POD_NAME, or ""
    const std::string& podNamespace() const; ///< POD_NAMESPACE, or ""
    const std::string& node() const;         ///< NODE_NAME, or ""
    const std::string& ip() const;           ///< POD_IP, or ""
    Poco::Timestamp startTime() const;

    /// The facts that are known, as (label, value) pairs in display order:
    /// name, host, pod, namespace, node, IP (start time and uptime are not included).
    std::vector<std::pair<std::string, std::string>> facts() const;

    /// The instance object of /api/groups and /version: name, hostname, pod, namespace,
    /// node, ip (null when not known), startTime and, when readAt is given, readAt. The
    /// uptime is not included: it changes every second (see UptimeText).
    Poco::JSON::Object::Ptr toJson(const Poco::Timestamp* readAt = nullptr) const;

    /// The time the process started (its first instant in this library), as time
    /// is measured by Poco::Timestamp.
    static Poco::Timestamp processStartTime();

    /// time as ISO 8601 in UTC to the second: 2026-12-05T08:00:12Z.
    static std::string iso8601(Poco::Timestamp time);

    /// A duration in whole units for people: "45s", "3m 05s", "2h 03m 05s", "4d 02h 03m 05s".
    static std::string durationText(Poco::Timespan duration);

private:
    std::string _name;
    std::string _hostName;
    Poco::Timestamp _startTime;
    std::string _pod;
    std::string _namespace;
    std::string _node;
    std::string _ip;
};

} // namespace labmock

#endif // LABMOCK_INSTANCEINFO_INCLUDED
