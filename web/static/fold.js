// Diacritic-insensitive search key, as the server folds: "Đường" and "duong" both become "duong".
export function fold(s) {
  return String(s ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}
