defmodule Rentals.MixProject do
  use Mix.Project

  def project do
    [
      app: :rentals,
      version: "0.21.0",
      elixir: "~> 1.17",
      start_permanent: Mix.env() == :prod,
      deps: deps()
    ]
  end

  def application do
    [mod: {Rentals.Application, []}, extra_applications: [:logger, :runtime_tools, :public_key]]
  end

  defp deps do
    [
      {:phoenix, "~> 1.7.14"},
      {:phoenix_ecto, "~> 4.6"},
      {:ecto_sql, "~> 3.12"},
      {:postgrex, ">= 0.0.0"},
      {:finch, "~> 0.19"},
      {:jason, "~> 1.4"},
      {:gettext, "~> 0.26"}
    ]
  end
end
