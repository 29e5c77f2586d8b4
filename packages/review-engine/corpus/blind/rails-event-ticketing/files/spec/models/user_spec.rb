require "rails_helper"

RSpec.describe User do
  let(:password) { "Passw0rd-for-specs!" }

  it "accepts a long password" do
    expect(build(:user, password: password, password_confirmation: password)).to be_valid
  end

  it "rejects a short one" do
    expect(build(:user, password: "abc", password_confirmation: "abc")).not_to be_valid
  end
end
