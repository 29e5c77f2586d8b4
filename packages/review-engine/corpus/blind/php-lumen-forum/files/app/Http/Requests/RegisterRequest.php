<?php

namespace App\Http\Requests;

class RegisterRequest
{
    public static function rules(): array
    {
        return [
            'username' => 'required|string|alpha_dash|max:32|unique:users',
            'email' => 'required|email|unique:users',
            'password' => 'required|string|min:12|confirmed',
            'password_confirmation' => 'required|same:password',
        ];
    }
}
