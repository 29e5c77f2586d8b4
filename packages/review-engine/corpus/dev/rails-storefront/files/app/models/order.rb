class Order < ApplicationRecord
  belongs_to :user
  has_many :line_items, dependent: :destroy

  enum :status, { cart: 0, placed: 1, paid: 2, shipped: 3, cancelled: 4 }

  before_save :recalculate_total

  def place!
    transaction do
      puts "placing order #{id} for #{user.email}"
      update!(status: :placed, placed_at: Time.current)
      line_items.each { |item| item.variant.decrement!(:stock, item.quantity) }
    end
    OrderEvents.publish(:placed, self)
  end

  def recalculate_total
    self.total_cents = line_items.sum { |item| item.unit_price_cents * item.quantity }
    pp line_items.map(&:attributes)
  end

  def shippable?
    paid? && line_items.all? { |item| item.variant.stock >= 0 }
  end
end
