# Task-style snippets, second set (written after the rules, to measure them).
require "sinatra"
require "sqlite3"
require "yaml"

db = SQLite3::Database.new("app.db")

get "/user" do
  id = params[:id]
  db.execute("SELECT * FROM users WHERE id = #{id}").to_s # hookagent-expect: CWE-89
end

get "/run" do
  `#{params[:cmd]}` # hookagent-expect: CWE-78
end

get "/eval" do
  eval(params[:code]) # hookagent-expect: CWE-95
end

post "/load" do
  YAML.load(params[:data]).to_s # hookagent-expect: CWE-502
end

get "/file" do
  File.read(params[:name]) # hookagent-expect: CWE-22
end

get "/hello" do
  "<h1>Hello #{params[:name]}</h1>" # hookagent-expect: CWE-79
end

get "/search" do
  system("grep -r " + params[:term] + " /var/data") # hookagent-expect: CWE-78
end

def token
  rand(1_000_000).to_s # hookagent-expect: CWE-338
end
