// The one translation unit that compiles Boost.URL (request targets, form bodies and the
// client's URLs); every other file only sees declarations.
#include <boost/url/src.hpp>
