class User < ApplicationRecord
  devise :database_authenticatable, :registerable, :recoverable, :validatable

  PASSWORD_FORMAT = /\A(?=.*\d)(?=.*[a-z])(?=.*[A-Z]).{12,}\z/

  validates :password, format: { with: PASSWORD_FORMAT, message: :weak }, if: :password_required?
  has_many :orders, dependent: :restrict_with_error
end
