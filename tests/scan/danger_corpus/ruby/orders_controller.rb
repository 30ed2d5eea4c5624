# app/controllers/orders_controller.rb
require "open-uri"
require "net/http"
require "digest"
require "yaml"

class OrdersController < ApplicationController
  skip_before_action :verify_authenticity_token # hookagent-expect: CWE-352
  before_action :authenticate_user!

  def index
    @orders = Order.where("status = '#{params[:status]}'") # hookagent-expect: CWE-89
    @recent = Order.where(status: params[:status]).order(created_at: :desc).limit(20)
  end

  def search
    @orders = Order.find_by_sql("SELECT * FROM orders WHERE customer LIKE '%#{params[:q]}%'") # hookagent-expect: CWE-89
    @safe = Order.where("customer LIKE ?", "%#{Order.sanitize_sql_like(params[:q].to_s)}%")
  end

  def sorted
    @orders = Order.order(params[:sort]) # hookagent-expect: CWE-89
  end

  def export
    system("zip -r /tmp/export.zip #{params[:dir]}") # hookagent-expect: CWE-78
    send_file "/tmp/export.zip"
  end

  def export_safe
    system("zip", "-r", "/tmp/export.zip", Rails.root.join("exports").to_s)
    send_file "/tmp/export.zip"
  end

  def label
    output = `lpr -P labels #{params[:file]}` # hookagent-expect: CWE-78
    render plain: output
  end

  def preview
    body = URI.open(params[:url]).read # hookagent-expect: CWE-918
    render plain: body[0, 500]
  end

  def webhook_test
    res = Net::HTTP.get_response(URI(params[:callback])) # hookagent-expect: CWE-918
    head res.code.to_i
  end

  def import
    data = YAML.load(request.body.read) # hookagent-expect: CWE-502
    render json: data
  end

  def import_safe
    render json: YAML.safe_load(request.body.read, permitted_classes: [Date])
  end

  def restore
    state = Marshal.load(Base64.decode64(cookies[:state])) # hookagent-expect: CWE-502
    render json: state
  end

  def calc
    render plain: eval(params[:expr]).to_s # hookagent-expect: CWE-95
  end

  def invoke
    result = Order.send(params[:method]) # hookagent-expect: CWE-470
    render json: result
  end

  def download
    send_file File.join("/srv/invoices", params[:file]) # hookagent-expect: CWE-22
  end

  def show
    @order = Order.find(params[:id])
    @note = "<b>#{params[:note]}</b>".html_safe # hookagent-expect: CWE-79
  end

  def update
    @order = Order.find(params[:id])
    @order.update(params.require(:order).permit!) # hookagent-expect: CWE-915
    redirect_to params[:return_to] # hookagent-expect: CWE-601
  end

  def update_safe
    @order = Order.find(params[:id])
    @order.update(params.require(:order).permit(:status, :note))
    redirect_to order_path(@order)
  end

  private

  def reset_token
    rand(36**20).to_s(36) # hookagent-expect: CWE-338
  end

  def reset_token_safe
    SecureRandom.urlsafe_base64(32)
  end

  def password_digest(password)
    Digest::MD5.hexdigest(password) # hookagent-expect: CWE-328
  end

  def etag_for(body)
    Digest::SHA256.hexdigest(body)
  end
end
