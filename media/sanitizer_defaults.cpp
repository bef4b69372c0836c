// Defaults for programs built with AddressSanitizer that run GStreamer, Pango and
// fontconfig (the server and the media tests); ASAN_OPTIONS/LSAN_OPTIONS still win.
// GLib is built without frame pointers, so the fast unwinder records only
// [malloc, g_malloc] and no suppression could tell GLib's process-lifetime caches
// from a leak of ours: the slow unwinder sees who called.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0:malloc_context_size=16"; }

// Only allocations these libraries keep for the life of the process, never our code.
extern "C" const char* __lsan_default_suppressions() {
  return
      // fontconfig's configuration, loaded once per process (Pango's font map).
      "leak:FcInitLoadConfigAndFonts\n"
      // fontconfig links its patterns with offset-encoded pointers LeakSanitizer cannot
      // follow, so the patterns Pango caches for the process look unreachable.
      "leak:libfontconfig.so\n"
      // GLib's allocations in its library constructor, before main.
      "leak:_dl_init\n"
      // GLib's quark table drops its old array when it grows, by design (lock-free
      // readers may still hold it); GStreamer interns strings through it.
      "leak:g_intern_string\n"
      "leak:g_intern_static_string\n"
      "leak:g_quark_from_string\n"
      "leak:g_quark_from_static_string\n"
      // souphttpsrc's shared SoupSession: disposing it allocates a notify queue GLib
      // never frees (seen only after an http:// input ran).
      "leak:gst_structure_free\n"
      // webrtcbin's DTLS (video call-ins): OpenSSL's random generators, error state and
      // fetched ciphers, kept per process and per thread; GStreamer's pooled streaming
      // threads outlive main, so they are never released.
      "leak:libgstdtls.so\n"
      "leak:RAND_get0_primary\n"
      "leak:RAND_get0_public\n"
      "leak:RAND_get0_private\n"
      "leak:EVP_RAND_fetch\n"
      "leak:EVP_CIPHER_fetch\n"
      // debugqroverlay (the call tests' stand-in browser) leaks each frame's QR code.
      "leak:libgstqroverlay.so\n";
}
#endif
