// The focusd CLI as a user runs it, against a real server.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "auth/rsa_keys.h"
#include "support/focusd_process.h"
#include "support/shell_command.h"

namespace focusd {
namespace {

using testing::FocusdProcess;
using testing::NewTempDir;

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

CommandResult RunFocusd(const std::string& args, const std::string& token = "") {
  std::string cmd = (token.empty() ? "" : "FOCUSD_TOKEN=" + token + " ") + FOCUSD_BINARY + " " + args + " 2>&1";
  focusd::testing::CommandOutput o = focusd::testing::RunCommand(cmd);
  return {o.exit_code, o.out};
}

TEST(CliTest, ConnectorAndSecretCommandsTalkToTheServer) {
  FocusdProcess server(NewTempDir("cli"));
  std::string srv = " --server " + server.base_url();
  const std::string& token = server.admin_token();

  auto add = RunFocusd("connector add --name 'Prod AWS' --provider AWS --set account_id=123456789012 "
                       "--set bucket=acme-billing --set path=focus --set file_type=csv_gzip" + srv, token);
  EXPECT_EQ(add.exit_code, 0) << add.out;
  EXPECT_NE(add.out.find("Prod AWS"), std::string::npos);

  auto bad = RunFocusd("connector add --name Bad --provider AWS --set account_id=12 --set bucket=x "
                       "--set path=p --set file_type=parquet" + srv, token);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.out.find("account_id"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("bucket"), std::string::npos) << bad.out;

  // A secret from a file: the value never shows in any output.
  std::string value_file = NewTempDir("secret") + "/sp.json";
  std::ofstream(value_file) << R"({"tenant_id":"72f988bf-86f1-41af-91ab-2d7cd011db47",
    "client_id":"0f3c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f","client_secret":"cli-MARKER-secret"})";
  auto sec = RunFocusd("secret add --name sp --provider Azure --kind azure_service_principal --value-file " +
                       value_file + srv, token);
  EXPECT_EQ(sec.exit_code, 0) << sec.out;
  auto az = RunFocusd("connector add --name 'Prod Azure' --provider Azure --secret sp --set region=Default "
                      "--set storage_account=acmebilling --set path=exports/focus" + srv, token);
  EXPECT_EQ(az.exit_code, 0) << az.out;

  auto list = RunFocusd("connector list" + srv, token);
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("Prod AWS"), std::string::npos);
  EXPECT_NE(list.out.find("acmebilling"), std::string::npos);
  auto json = RunFocusd("connector show 'Prod AWS' -o json" + srv, token);
  EXPECT_NE(json.out.find("\"file_type\": \"csv_gzip\""), std::string::npos) << json.out;

  auto upd = RunFocusd("connector update 'Prod AWS' --set path=focus/v2" + srv, token);
  EXPECT_EQ(upd.exit_code, 0) << upd.out;
  EXPECT_NE(RunFocusd("connector show 'Prod AWS' -o json" + srv, token).out.find("focus/v2"), std::string::npos);

  auto secrets = RunFocusd("secret list" + srv, token);
  EXPECT_NE(secrets.out.find("Prod Azure"), std::string::npos) << secrets.out;
  auto in_use = RunFocusd("secret delete sp" + srv, token);
  EXPECT_NE(in_use.exit_code, 0);
  EXPECT_NE(in_use.out.find("Prod Azure"), std::string::npos) << in_use.out;

  EXPECT_EQ(RunFocusd("connector delete 'Prod Azure'" + srv, token).exit_code, 0);
  EXPECT_EQ(RunFocusd("secret delete sp" + srv, token).exit_code, 0);
  for (const auto& r : {sec, list, secrets, in_use}) EXPECT_EQ(r.out.find("cli-MARKER-secret"), std::string::npos);

  auto no_token = RunFocusd("connector list" + srv);
  EXPECT_NE(no_token.exit_code, 0);
  EXPECT_NE(no_token.out.find("token"), std::string::npos) << no_token.out;
  server.Stop();
  EXPECT_EQ(server.ReadLog().find("cli-MARKER-secret"), std::string::npos);
}

TEST(CliTest, TokenCreateWorksOnAStoppedDataDirAndRefusesALockedOne) {
  std::string dir = NewTempDir("tok");
  auto created = RunFocusd("token create --name ops --data-dir " + dir);
  ASSERT_EQ(created.exit_code, 0) << created.out;
  std::string token = created.out.substr(0, created.out.find('\n'));
  EXPECT_EQ(token.rfind("fcd_", 0), 0u) << created.out;

  FocusdProcess server(dir);
  EXPECT_EQ(server.Call("GET", "/api/v1/connectors", nullptr, token).status, 200);
  auto locked = RunFocusd("token create --data-dir " + dir);
  EXPECT_NE(locked.exit_code, 0);
  EXPECT_NE(locked.out.find("in use by another focusd process"), std::string::npos) << locked.out;
}

}  // namespace
}  // namespace focusd
