defmodule Rentals.WebhookSigner do
  @moduledoc "Signs outgoing webhooks (RS256) with the key in priv/keys; partners verify with our public key."

  @key_path Application.app_dir(:rentals, "priv/keys/webhook_rsa.pem")

  def sign(payload) when is_binary(payload) do
    [entry] = :public_key.pem_decode(File.read!(@key_path))
    key = :public_key.pem_entry_decode(entry)
    :public_key.sign(payload, :sha256, key) |> Base.url_encode64(padding: false)
  end
end
