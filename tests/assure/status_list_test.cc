// Status lists: bits, their GZIP/base64url encoding with bounds, and the signed list.
#include "assure/status_list.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include "assure/base64url.h"
#include "assure/jws.h"

namespace hoshitori::assure {
namespace {

std::string GzipOf(const std::string& bytes) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(StatusBits, StartClearAtTheMinimumSizeAndCountFromTheLeftmostBit) {
  StatusBits bits;
  EXPECT_EQ(bits.size(), 131072u);
  EXPECT_FALSE(bits.Get(0));
  ASSERT_TRUE(bits.Set(0, true).ok());
  ASSERT_TRUE(bits.Set(9, true).ok());
  auto decoded = Base64UrlDecode(bits.Encode().substr(1), "x");
  ASSERT_TRUE(decoded.ok());
  // Decompress independently: byte 0 is 0b1000'0000, byte 1 is 0b0100'0000.
  std::string raw(bits.size() / 8, '\0');
  uLongf length = raw.size();
  z_stream stream{};
  ASSERT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(decoded->data());
  stream.avail_in = static_cast<uInt>(decoded->size());
  stream.next_out = reinterpret_cast<Bytef*>(raw.data());
  stream.avail_out = static_cast<uInt>(length);
  ASSERT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  inflateEnd(&stream);
  EXPECT_EQ(static_cast<unsigned char>(raw[0]), 0x80);
  EXPECT_EQ(static_cast<unsigned char>(raw[1]), 0x40);
  ASSERT_TRUE(bits.Set(0, false).ok());
  EXPECT_FALSE(bits.Get(0));
  EXPECT_TRUE(bits.Get(9));
  EXPECT_FALSE(bits.Set(131072, true).ok());
}

TEST(StatusBits, EncodingRoundTripsAnySetOfIndexes) {
  rc::check([](const std::vector<uint32_t>& raw_indexes) {
    StatusBits bits;
    for (uint32_t raw : raw_indexes) RC_ASSERT(bits.Set(raw % bits.size(), true).ok());
    auto decoded = StatusBits::Decode(bits.Encode(), "list");
    RC_ASSERT(decoded.ok());
    RC_ASSERT(decoded->size() == bits.size());
    for (uint32_t raw : raw_indexes) RC_ASSERT(decoded->Get(raw % bits.size()));
    size_t set = 0;
    for (size_t i = 0; i < decoded->size(); ++i) set += decoded->Get(i);
    std::vector<uint32_t> distinct;
    for (uint32_t raw : raw_indexes) distinct.push_back(raw % bits.size());
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    RC_ASSERT(set == distinct.size());
  });
}

TEST(StatusBits, DecodingRefusesShortHugeTruncatedOrTrailingData) {
  auto message = [](const std::string& encoded) {
    auto decoded = StatusBits::Decode(encoded, "list");
    return decoded.ok() ? std::string("accepted") : decoded.error().message;
  };
  EXPECT_NE(message(Base64UrlEncode(GzipOf(std::string(16384, '\0')))).find("prefix"),
            std::string::npos);
  EXPECT_NE(message("u" + Base64UrlEncode(GzipOf(std::string(1000, '\0')))).find("at least"),
            std::string::npos);
  // 17 MiB of zeros compress to about 17 KB: inflation must stop at the bound.
  EXPECT_NE(message("u" + Base64UrlEncode(GzipOf(std::string(17u << 20, '\0')))).find("longer"),
            std::string::npos);
  const std::string good = GzipOf(std::string(16384, '\0'));
  EXPECT_EQ(message("u" + Base64UrlEncode(good)), "accepted");
  EXPECT_NE(message("u" + Base64UrlEncode(good.substr(0, good.size() - 3))).find("GZIP"),
            std::string::npos);
  EXPECT_NE(message("u" + Base64UrlEncode(good + good)).find("follows"), std::string::npos);
  EXPECT_NE(message("u!!").find("base64url"), std::string::npos);
}

TEST(StatusList, SignedListVerifiesAndRefusesOtherKeysAndStaleLists) {
  const SigningKey key = SigningKey::Generate();
  KeySet keys;
  ASSERT_TRUE(keys.Add(key.public_key()).ok());
  StatusList list;
  list.issuer = "https://hoshitori.example.jp";
  list.url = "https://hoshitori.example.jp/status/1";
  list.issued_at = 1800000000;
  list.expires_at = 1800086400;
  ASSERT_TRUE(list.revocation.Set(42, true).ok());
  ASSERT_TRUE(list.suspension.Set(7, true).ok());
  const std::string jws = SignStatusList(list, key);

  auto read = ReadStatusList(jws, keys, 1800000100);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->url, list.url);
  EXPECT_TRUE(read->revocation.Get(42));
  EXPECT_FALSE(read->revocation.Get(7));
  EXPECT_TRUE(read->suspension.Get(7));

  auto stale = ReadStatusList(jws, keys, 1800086400);
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.error().message.find("expired"), std::string::npos);
  KeySet other;
  ASSERT_TRUE(other.Add(SigningKey::Generate().public_key()).ok());
  EXPECT_FALSE(ReadStatusList(jws, other, 1800000100).ok());
  // An attestation-typed JWS is not a status list, whoever signed it.
  EXPECT_FALSE(ReadStatusList(SignCompact("{}", "hoshitori-attestation+jwt", key), keys, 1).ok());
  std::string changed = jws;
  changed[changed.size() / 2] = changed[changed.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(ReadStatusList(changed, keys, 1800000100).ok());
}

}  // namespace
}  // namespace hoshitori::assure
