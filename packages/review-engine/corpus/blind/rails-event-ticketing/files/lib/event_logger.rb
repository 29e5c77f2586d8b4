require "json"

# Writes one JSON line per business event to stdout, where the platform's log router collects it.
class EventLogger
  def self.log(event, **fields)
    $stdout.puts({ at: Time.now.utc.iso8601, event: event, **fields }.to_json)
  end

  def self.debug(event, **fields)
    pp(fields) if ENV["EVENT_LOG_VERBOSE"]
    log(event, **fields)
  end
end
