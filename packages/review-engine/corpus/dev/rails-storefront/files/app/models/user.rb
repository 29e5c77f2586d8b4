class User < ApplicationRecord
  devise :database_authenticatable, :registerable, :recoverable, :validatable, :lockable

  PASSWORD_FORMAT = /\A(?=.*\d)(?=.*[a-z])(?=.*[A-Z]).{12,}\z/

  has_many :orders, dependent: :restrict_with_error

  validates :password, presence: true, length: { minimum: 12, maximum: 128 }, format: { with: PASSWORD_FORMAT }, if: :password_required?
  validates :email, presence: true, uniqueness: { case_sensitive: false }

  def display_name
    [first_name, last_name].compact.join(" ").presence || email
  end
end
