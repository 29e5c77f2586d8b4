class OrdersController < ApplicationController
  before_action :authenticate_user!

  def create
    puts params.inspect
    @order = current_user.orders.build(order_params)
    if @order.save
      pp @order
      redirect_to checkout_path(@order)
    else
      render :new, status: :unprocessable_entity
    end
  end

  private

  def order_params
    params.require(:order).permit(:event_id, :quantity, :seat_section)
  end
end
