// Must not compile: the transport (web/net) cannot see core/. tests/CMakeLists.txt
// builds this with the transport's include paths and expects the include to fail.
#include "web/net/router.hpp"
#include "core/errors.hpp"
