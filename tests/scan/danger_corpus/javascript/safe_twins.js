// Safe twins of constructs that noisy rules used to flag (issue 12): nothing here
// should be reported. Settings read from the environment, markup built from the
// component's own methods, documentation links.
const { execFile } = require("child_process");

const dbPassword = process.env.DB_PASSWORD;
const config = {
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD || "",
  smtpPassword: process.env.SMTP_PASSWORD,
};

// Docs: https://api.example.com/v1/items?api_key=5e0c1b9f8a7d6e4c3b2a1f0e9d8c7b6a

class PriceList {
  constructor(root, items) {
    this.root = root;
    this.items = items;
  }

  rowsHtml() {
    return this.items.map((item) => `<li>${escapeHtml(item.name)}</li>`).join("");
  }

  render() {
    this.root.innerHTML = `<ul class="prices">${this.rowsHtml()}</ul>`;
  }
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function listFiles(dir, done) {
  execFile("ls", ["-la", dir], done);
}

module.exports = { config, dbPassword, PriceList, listFiles };
