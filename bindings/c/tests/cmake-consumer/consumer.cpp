// The same call from C++ through the static library: the header's extern "C" block, and the
// strings and the client owned by unique_ptr.
#include <beeper_setup.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace {
struct StringFree {
    void operator()(char *s) const { beeper_string_free(s); }
};
struct ClientFree {
    void operator()(BeeperClient *c) const { beeper_client_free(c); }
};
using Text = std::unique_ptr<char, StringFree>;
}  // namespace

int main() {
    const char *base_url = std::getenv("BEEPER_BASE_URL");
    if (base_url == nullptr) {
        std::cerr << "consumer_cpp_static: set BEEPER_BASE_URL\n";
        return 2;
    }
    const std::string config = std::string("{\"baseURL\": \"") + base_url + "\", \"maxRetries\": 0}";
    BeeperClient *raw = nullptr;
    char *out = nullptr;
    const int32_t made = beeper_client_new(config.c_str(), &raw, &out);
    Text made_json(out);
    if (made != BEEPER_OK) {
        std::cerr << "consumer_cpp_static: beeper_client_new: " << made_json.get() << "\n";
        return 1;
    }
    std::unique_ptr<BeeperClient, ClientFree> client(raw);
    const int32_t rc = beeper_setup_start(client.get(), &out);
    Text answer(out);
    const bool ok = rc == BEEPER_OK && std::string(answer.get()).find("\"setupRequestID\"") != std::string::npos;
    std::cout << (ok ? "ok - " : "FAILED - ") << answer.get() << "\n";
    return ok ? 0 : 1;
}
