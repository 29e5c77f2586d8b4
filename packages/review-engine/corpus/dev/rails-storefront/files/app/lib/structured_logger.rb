# JSON lines on stdout for the log shipper. This is the logger: writing to $stdout is its job.
class StructuredLogger
  LEVELS = %i[debug info warn error].freeze

  def initialize(io = $stdout, level: :info)
    @io = io
    @min = LEVELS.index(level)
  end

  LEVELS.each_with_index do |level, index|
    define_method(level) do |event, **fields|
      next if index < @min

      @io.puts({ time: Time.now.utc.iso8601(3), level: level, event: event, **fields }.to_json)
    end
  end

  def print_banner(version)
    puts "storefront #{version} (#{Rails.env})"
  end
end
