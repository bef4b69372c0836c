#pragma once
// The QR codes zbar reads in a greyscale (8-bit luma) image: how the tests check that
// a QR code on the programme scans.
#include <zbar.h>

#include <string>
#include <vector>

inline std::vector<std::string> qr_codes_in_grey(const unsigned char* grey, int width, int height) {
  using namespace zbar;  // zbar.h puts its C API in a namespace when compiled as C++
  zbar_image_scanner_t* scanner = zbar_image_scanner_create();
  zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_t* image = zbar_image_create();
  zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(image, static_cast<unsigned>(width), static_cast<unsigned>(height));
  zbar_image_set_data(image, grey, static_cast<unsigned long>(width) * static_cast<unsigned long>(height), nullptr);
  zbar_scan_image(scanner, image);
  std::vector<std::string> found;
  for (const zbar_symbol_t* s = zbar_image_first_symbol(image); s; s = zbar_symbol_next(s))
    found.emplace_back(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
  zbar_image_destroy(image);
  zbar_image_scanner_destroy(scanner);
  return found;
}
