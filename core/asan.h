/* asan.h: is this an AddressSanitizer build?  RCB_ASAN is defined as 1 when
 * it is (gcc's __SANITIZE_ADDRESS__ or clang's address_sanitizer feature),
 * and left undefined otherwise: the worker drops its address-space limit
 * and its fork shortcut under it, and the fetch worker hides libgit2's ssh
 * leak from LeakSanitizer. */
#ifndef RCB_ASAN_H
#define RCB_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define RCB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RCB_ASAN 1
#endif
#endif

#endif
