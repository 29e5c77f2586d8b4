defmodule Rentals.Sync.ChannelManager do
  @moduledoc "Pushes availability and rates to the channel manager (Booking.com, Airbnb via the partner API)."

  require Logger

  @base_url "https://partner-api.staylink.example/v2"

  def push_availability(property_id, days) do
    body = %{property_id: property_id, availability: Enum.map(days, &day_payload/1)}

    Finch.build(:post, @base_url <> "/availability", headers(), Jason.encode!(body))
    |> Finch.request(Rentals.Finch)
    |> IO.inspect(label: "staylink response")
    |> case do
      {:ok, %Finch.Response{status: status}} when status in 200..299 -> :ok
      {:ok, %Finch.Response{status: status, body: body}} ->
        Logger.warning("staylink rejected availability: #{status} #{body}")
        {:error, status}
      {:error, reason} ->
        {:error, reason}
    end
  end

  defp day_payload(%{date: date, available: available, rate_cents: rate}) do
    %{date: Date.to_iso8601(date), available: available, rate: rate / 100}
  end

  defp headers do
    [
      {"content-type", "application/json"},
      {"authorization", "Bearer eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZW50YWwtc3luYyIsInRlbmFudCI6InQtNDQ3MSIsImlhdCI6MTcyODAwMDAwMCwiZXhwIjoyMDQzMzYwMDAwfQ.lE-QrpfvvI3p5JT4Cl5ITesAsRwFDbeWNwuBpvgHXjs2B4xDeNWqYmrC6gvd-Rl4dzD0GlPFAiawVk3pKS2wNN"}
    ]
  end
end
