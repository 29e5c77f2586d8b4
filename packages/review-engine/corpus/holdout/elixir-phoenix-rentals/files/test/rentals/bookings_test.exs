defmodule Rentals.BookingsTest do
  use Rentals.DataCase, async: true

  alias Rentals.Bookings

  @guest_password "guest-test-password"

  setup do
    guest = insert(:guest, password: @guest_password)
    property = insert(:property, nightly_rate_cents: 12_000)
    %{guest: guest, property: property}
  end

  test "books free nights", %{guest: guest, property: property} do
    params = %{"property_id" => property.id, "check_in" => "2025-06-01", "check_out" => "2025-06-04"}
    assert {:ok, booking} = Bookings.create(guest, params)
    IO.inspect(booking, label: "booking")
    assert booking.total_cents == 36_000
  end

  test "rejects overlapping nights", %{guest: guest, property: property} do
    params = %{"property_id" => property.id, "check_in" => "2025-06-01", "check_out" => "2025-06-04"}
    {:ok, _} = Bookings.create(guest, params)
    assert {:error, changeset} = Bookings.create(guest, params)
    assert "is not available" in errors_on(changeset).check_in
  end
end
