-- wrk: the question form as a national show sees it (scripts/bench ingest). One question in
-- ten asks one of shared/data's questions again (a near-duplicate that joins its cluster),
-- the rest ask something of their own, as bench_queue_scale's show does. `samples` (the
-- shared texts, JSON-escaped) is prepended by scripts/bench.
local syllables = {"đường", "nước", "điện", "trường", "học", "bệnh", "viện", "chợ", "cầu", "cống", "rác", "nhà",
  "đất", "thuế", "phí", "lương", "hưu", "trợ", "cấp", "giấy", "phép", "xây", "dựng", "quy", "hoạch", "đền", "bù",
  "giải", "tỏa", "ngập", "lụt", "ô", "nhiễm", "khói", "bụi", "tiếng", "ồn", "kẹt", "xe", "tai", "nạn", "đèn", "tín",
  "hiệu", "vỉa", "hè", "lấn", "chiếm", "công", "viên", "cây", "xanh", "bảo", "hiểm", "y", "tế", "thẻ", "khám",
  "chữa", "thuốc", "giá", "sữa", "mầm", "non", "giáo", "sách", "khoa", "buýt", "bến", "tàu", "phà", "đê", "kè",
  "sạt", "lở", "hạn", "mặn", "lúa", "giống", "phân", "bón", "heo", "gà", "dịch", "tả", "vắc", "xin", "internet",
  "sóng", "thoại", "căn", "cước", "hộ", "khẩu", "sổ", "đỏ", "thừa", "kế", "ly", "hôn", "việc", "làm", "thất",
  "nghiệp", "doanh", "vốn", "vay", "ngân", "hàng", "lãi", "suất", "nghèo", "cận"}
local places = {"phường", "xã", "ấp", "khu phố", "tổ", "thôn", "hẻm", "đường số"}
local topics = {"giao thông", "đất đai", "môi trường", "y tế", "giáo dục", "an sinh xã hội"}
local function pick(list) return list[math.random(#list)] end

local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  local text
  if math.random(10) == 1 then
    text = pick(samples)
  else
    local words = {}
    for w = 1, 10 + math.random(0, 9) do words[w] = pick(syllables) end
    text = "Xin hỏi " .. table.concat(words, " ") .. " ở " .. pick(places) .. " " .. math.random(60) .. "?"
  end
  return wrk.format(nil, "/api/questions", nil,
    '{"channel":"web","name":"Cử tri ' .. i .. '","area":"Phường ' .. math.random(12) .. '","topic":"' ..
    pick(topics) .. '","text":"' .. text .. '"}')
end
