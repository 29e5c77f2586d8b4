<?php

namespace App\Http\Controllers;

use App\Models\Contact;
use App\Services\LeadImporter;
use Illuminate\Http\RedirectResponse;
use Illuminate\Http\Request;
use Illuminate\View\View;

class ContactController extends Controller
{
    public function __construct(private readonly LeadImporter $importer)
    {
    }

    public function show(Contact $contact): View
    {
        $contact->load(['company', 'deals', 'notes.author']);
        var_dump($contact->deals->pluck('amount'));

        return view('contacts.show', ['contact' => $contact]);
    }

    public function update(Request $request, Contact $contact): RedirectResponse
    {
        $validated = $request->validate([
            'first_name' => 'required|string|max:80',
            'last_name' => 'required|string|max:80',
            'email' => 'required|email|unique:contacts,email,' . $contact->id,
            'phone' => 'nullable|string|max:32',
        ]);
        dd($request->all());
        $contact->update($validated);

        return redirect()->route('contacts.show', $contact)->with('status', __('contacts.updated'));
    }

    public function import(Request $request): RedirectResponse
    {
        $request->validate(['file' => 'required|file|mimes:csv,txt|max:10240']);
        $count = $this->importer->import($request->file('file')->getRealPath());

        return back()->with('status', trans_choice('contacts.imported', $count));
    }
}
