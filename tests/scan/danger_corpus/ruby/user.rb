# app/models/user.rb
class User < ApplicationRecord
  has_secure_password
  has_many :orders

  scope :active, -> { where(active: true) }

  def self.by_name(name)
    where("name = '" + name + "'").first # hookagent-expect: CWE-89
  end

  def self.by_email(email)
    find_by(email: email.downcase.strip)
  end

  def self.count_for(domain)
    connection.execute("SELECT COUNT(*) FROM users WHERE email LIKE '%@#{domain}'") # hookagent-expect: CWE-89
  end

  def display_name
    [first_name, last_name].compact.join(" ")
  end

  def avatar_path
    File.join("avatars", id.to_s + ".png")
  end

  def api_token!
    update!(api_token: SecureRandom.hex(32))
  end

  def legacy_token!
    update!(api_token: Digest::SHA1.hexdigest("#{email}#{Time.now.to_i}")) # hookagent-expect: CWE-328
  end
end
