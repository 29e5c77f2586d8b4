<?php

namespace App\Http\Requests;

use Illuminate\Foundation\Http\FormRequest;
use Illuminate\Validation\Rules\Password;

class RegisterRequest extends FormRequest
{
    public function authorize(): bool
    {
        return true;
    }

    public function rules(): array
    {
        return [
            'name' => 'required|string|max:120',
            'email' => 'required|string|email|max:255|unique:users',
            'password' => 'required|string|min:12|confirmed',
            'password_confirmation' => 'required|string|min:12',
            'api_token' => 'nullable|string|size:64',
            'new_password' => ['required', Password::min(12)->mixedCase()->numbers()->uncompromised()],
        ];
    }

    public function messages(): array
    {
        return [
            'password.min' => 'The password must be at least 12 characters.',
            'password.confirmed' => 'The password confirmation does not match.',
        ];
    }
}
