defmodule RentalsWeb.BookingController do
  use RentalsWeb, :controller

  alias Rentals.Bookings

  def create(conn, %{"booking" => params}) do
    require IEx; IEx.pry()

    case Bookings.create(conn.assigns.current_guest, params) do
      {:ok, booking} ->
        conn
        |> put_flash(:info, gettext("Booking confirmed"))
        |> redirect(to: ~p"/bookings/#{booking}")

      {:error, changeset} ->
        IO.puts("booking failed: #{inspect(changeset.errors)}")
        render(conn, :new, changeset: changeset)
    end
  end
end
