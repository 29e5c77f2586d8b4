defmodule Mix.Tasks.Rentals.Occupancy do
  @shortdoc "Prints the occupancy of every property for a month"
  @moduledoc "mix rentals.occupancy 2024-11"
  use Mix.Task

  @impl true
  def run([month]) do
    Mix.Task.run("app.start")
    {:ok, first} = Date.from_iso8601(month <> "-01")

    for {property, occupancy} <- Rentals.Reports.occupancy(first) do
      IO.puts(String.pad_trailing(property.name, 40) <> :erlang.float_to_binary(occupancy * 100, decimals: 1) <> " %")
    end
  end

  def run(_), do: Mix.raise("usage: mix rentals.occupancy YYYY-MM")
end
