#pragma once
// The look: palette and where each layer sits, in design pixels of a 1920x1080 frame
// (scaled for other sizes). Everything stays inside the 16:9 title-safe area (90%).
namespace votercast::media::graphics::design {

struct Colour {
  double r, g, b, a = 1.0;
};
constexpr Colour rgb(unsigned hex, double alpha = 1.0) {
  return {((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0, (hex & 0xFF) / 255.0, alpha};
}

// A public broadcaster's palette: deep navy panels, the flag's red and gold for accents.
inline constexpr Colour kNavy = rgb(0x0B2254);
inline constexpr Colour kNavyDark = rgb(0x061537);
inline constexpr Colour kNavyLight = rgb(0x17356F);
inline constexpr Colour kRed = rgb(0xC8102E);
inline constexpr Colour kGold = rgb(0xF2C230);
inline constexpr Colour kWhite = rgb(0xFFFFFF);
inline constexpr Colour kMist = rgb(0xC9D6EE);      // secondary text on navy
inline constexpr Colour kPaper = rgb(0xF4F6FA);     // light panels
inline constexpr Colour kShadow = rgb(0x000000, 0.35);

struct Rect {
  double x, y, width, height;
  double right() const { return x + width; }
  double bottom() const { return y + height; }
};

inline constexpr double kFrameWidth = 1920, kFrameHeight = 1080;
inline constexpr Rect kTitleSafe = {96, 54, 1728, 972};

// Layer zones: the most a layer may cover. Boxes inside hug their content.
inline constexpr Rect kBugZone = {824, 54, 1000, 64};
inline constexpr Rect kQrZone = {1544, 150, 280, 400};
inline constexpr Rect kPollZone = {96, 150, 1100, 800};
inline constexpr Rect kTickerZone = {96, 970, 1728, 56};
// The question card and the caller's lower third share the space above the ticker,
// bottom-aligned to it; the producer shows one at a time.
inline constexpr double kLowerZoneBottom = 946;
inline constexpr Rect kQuestionZone = {96, 560, 1728, kLowerZoneBottom - 560};
inline constexpr Rect kLowerThirdZone = {96, 730, 1300, kLowerZoneBottom - 730};
// A video caller's picture (16:9): in the top right corner over the studio (where the QR
// code also goes: one at a time), or side by side, each half a picture on the navy ground.
inline constexpr Rect kCallerPip = {1180, 150, 640, 360};  // its 4 px frame inside title safe
inline constexpr Rect kSideBySideStudio = {48, 246, 896, 504};
inline constexpr Rect kSideBySideCaller = {976, 246, 896, 504};

}  // namespace votercast::media::graphics::design
