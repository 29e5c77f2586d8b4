require "rails_helper"

RSpec.describe Order do
  let(:user) { create(:user) }
  let(:variant) { create(:variant, stock: 5, price_cents: 1_250) }

  describe "#place!" do
    it "decrements the stock" do
      order = create(:order, user: user)
      order.line_items.create!(variant: variant, quantity: 2, unit_price_cents: 1_250)
      binding.pry
      order.place!
      expect(variant.reload.stock).to eq(3)
    end
  end

  describe "#recalculate_total" do
    it "sums the lines" do
      order = create(:order, user: user)
      order.line_items.build(variant: variant, quantity: 3, unit_price_cents: 1_250)
      order.save!
      expect(order.total_cents).to eq(3_750)
    end
  end
end
