# app/controllers/invoices_controller.rb: ordinary code, no marked lines (false-positive check).
class InvoicesController < ApplicationController
  before_action :authenticate_user!
  before_action :set_invoice, only: %i[show update destroy]

  SORTS = { "date" => :issued_on, "total" => :total_cents }.freeze

  def index
    sort = SORTS.fetch(params[:sort], :issued_on)
    @invoices = current_user.invoices.where(status: params[:status].presence || "open").order(sort => :desc).page(params[:page])
    respond_to do |format|
      format.html
      format.json { render json: @invoices }
    end
  end

  def show
    send_data @invoice.pdf, filename: "invoice-#{@invoice.number}.pdf", type: "application/pdf"
  end

  def create
    @invoice = current_user.invoices.build(invoice_params)
    @invoice.reference = SecureRandom.hex(8)
    if @invoice.save
      redirect_to @invoice, notice: "Invoice created."
    else
      render :new, status: :unprocessable_entity
    end
  end

  def update
    if @invoice.update(invoice_params)
      redirect_to invoice_path(@invoice)
    else
      render :edit, status: :unprocessable_entity
    end
  end

  def destroy
    @invoice.destroy!
    redirect_to invoices_path, status: :see_other
  end

  def overdue_count
    count = Invoice.where("due_on < ? AND status = ?", Date.current, "open").count
    render json: { count: count }
  end

  private

  def set_invoice
    @invoice = current_user.invoices.find(params[:id])
  end

  def invoice_params
    params.require(:invoice).permit(:customer_name, :total_cents, :due_on, line_items_attributes: %i[description amount_cents])
  end
end
