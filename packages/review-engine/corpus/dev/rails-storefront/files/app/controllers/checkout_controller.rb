class CheckoutController < ApplicationController
  before_action :authenticate_user!
  before_action :load_cart

  def show
    @shipping_options = ShippingOption.available_for(@cart)
  end

  def create
    binding.pry
    if @cart.line_items.empty?
      redirect_to cart_path, alert: t("checkout.empty")
      return
    end
    @cart.place!
    redirect_to order_path(@cart), notice: t("checkout.placed")
  rescue ActiveRecord::RecordInvalid => e
    flash.now[:alert] = e.record.errors.full_messages.to_sentence
    render :show, status: :unprocessable_entity
  end

  private

  def load_cart
    @cart = current_user.orders.cart.first_or_create!
  end
end
