#pragma once
// report_finding input -> our one Finding (also used by the command provider,
// whose agent prints the same objects in its final JSON).
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "report/finding.hpp"

namespace hookagent::agent {

Result<Finding> finding_from_report(const nlohmann::json& input, const std::string& skill, const std::string& commit);

}  // namespace hookagent::agent
