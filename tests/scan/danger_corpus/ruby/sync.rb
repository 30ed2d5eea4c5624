# lib/sync.rb: pulls partner feeds into the catalogue.
require "net/http"
require "openssl"
require "open3"
require "fileutils"

module Sync
  PARTNER_PASSWORD = "{{rand:10:a-z0-9}}" # hookagent-expect: CWE-798

  def self.client(host)
    http = Net::HTTP.new(host, 443)
    http.use_ssl = true
    http.verify_mode = OpenSSL::SSL::VERIFY_NONE # hookagent-expect: CWE-295
    http
  end

  def self.client_safe(host)
    http = Net::HTTP.new(host, 443)
    http.use_ssl = true
    http.verify_mode = OpenSSL::SSL::VERIFY_PEER
    http
  end

  def self.fetch(path)
    req = Net::HTTP::Get.new(path)
    req.basic_auth("catalogue", PARTNER_PASSWORD)
    client("feeds.partner.example").request(req).body
  end

  def self.unpack(archive, dest)
    Open3.capture2("tar xzf #{archive} -C #{dest}") # hookagent-expect: CWE-78
  end

  def self.unpack_safe(archive, dest)
    Open3.capture2("tar", "xzf", archive, "-C", dest)
  end

  def self.publish(dir)
    FileUtils.mkdir_p(dir)
    File.chmod(0777, dir) # hookagent-expect: CWE-732
  end

  def self.batch_id
    Random.new.rand(1_000_000) # hookagent-expect: CWE-330
  end

  def self.sample_products(products)
    products.sample(10)
  end

  def self.load_state(path)
    Marshal.load(File.binread(path)) # hookagent-expect: CWE-502
  end
end
