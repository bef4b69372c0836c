#pragma once
// Blackmagic's Desktop Video driver is not in Debian: find out before building a pipeline
// that would otherwise fail with a vague "could not acquire input".
#include <string>

namespace votercast::media::pipeline {

// Empty when DeckLink capture can work here, else what is missing.
std::string decklink_missing();

}  // namespace votercast::media::pipeline
