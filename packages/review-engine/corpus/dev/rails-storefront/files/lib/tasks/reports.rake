namespace :reports do
  desc "Print yesterday's sales per product (rake reports:daily)"
  task daily: :environment do
    day = Date.yesterday
    rows = LineItem.joins(:order).where(orders: { placed_at: day.all_day })
                   .group(:variant_id).sum(:quantity)
    puts "Sales on #{day}"
    rows.sort_by { |_, quantity| -quantity }.each do |variant_id, quantity|
      variant = Variant.find(variant_id)
      puts format("%-40s %5d", variant.title, quantity)
    end
  end

  desc "Print stock below the threshold"
  task low_stock: :environment do
    threshold = Integer(ENV.fetch("THRESHOLD", "5"))
    Variant.where("stock < ?", threshold).find_each do |variant|
      pp({ sku: variant.sku, stock: variant.stock })
    end
  end
end
