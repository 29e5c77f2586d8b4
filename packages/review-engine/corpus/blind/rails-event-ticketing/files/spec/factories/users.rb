FactoryBot.define do
  factory :user do
    sequence(:email) { |n| "fan#{n}@example.test" }
    password { "factory-password-123" }
    password_confirmation { password }
  end
end
