//
// Export.h
//
// Symbol visibility of the plugin SDK.
//
// SPDX-License-Identifier: Apache-2.0
//

#ifndef LABMOCK_EXPORT_INCLUDED
#define LABMOCK_EXPORT_INCLUDED

/// Marks an SDK class or function as exported from liblabmock-sdk.
/// Plugins are built with hidden visibility; SDK types keep default visibility
/// so that their type information and key functions are shared with the host.
#define LABMOCK_SDK_API __attribute__((visibility("default")))

#endif // LABMOCK_EXPORT_INCLUDED
