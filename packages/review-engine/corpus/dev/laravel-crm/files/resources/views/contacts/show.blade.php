@extends('layouts.app')

@section('content')
    <div class="contact">
        <h1>{{ $contact->first_name }} {{ $contact->last_name }}</h1>
        @dump($contact->toArray())
        <dl>
            <dt>{{ __('contacts.email') }}</dt>
            <dd><a href="mailto:{{ $contact->email }}">{{ $contact->email }}</a></dd>
            <dt>{{ __('contacts.company') }}</dt>
            <dd>{{ $contact->company?->name ?? '—' }}</dd>
        </dl>

        <h2>{{ __('contacts.deals') }}</h2>
        <ul>
            @forelse ($contact->deals as $deal)
                <li>{{ $deal->title }} — {{ number_format($deal->amount, 2) }} €</li>
            @empty
                <li>{{ __('contacts.no_deals') }}</li>
            @endforelse
        </ul>
    </div>
@endsection
