#include "agent/review_tree.hpp"

namespace hookagent::agent {

ReviewTree::ReviewTree(std::unique_ptr<Snapshot> snapshot, scan::Redactor r)
    : raw(std::move(snapshot)), redactor(std::make_unique<scan::Redactor>(std::move(r))) {
  const scan::Redactor& red = *redactor;
  shown = std::make_unique<RedactedSnapshot>(
      *raw, [&red](std::string_view path, std::string_view text) { return red.redact_file(path, text); },
      [&red](std::string_view text) { return red.redact(text); });
  workspace = std::make_unique<LazyWorkspace>(*shown);
}

ReviewTree* ReviewTrees::find(const std::string& key) const {
  auto it = trees_.find(key);
  return it == trees_.end() ? nullptr : it->second.get();
}

ReviewTree& ReviewTrees::add(const std::string& key, std::unique_ptr<ReviewTree> tree) {
  return *(trees_[key] = std::move(tree));
}

}  // namespace hookagent::agent
