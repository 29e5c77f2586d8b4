require "rails_helper"

RSpec.describe "Orders", type: :request do
  let(:user) { create(:user) }

  it "creates an order" do
    sign_in user
    post orders_path, params: { order: { event_id: create(:event).id, quantity: 2 } }
    byebug
    expect(response).to redirect_to(checkout_path(Order.last))
  end
end
