<?php

namespace App\Http\Controllers;

use App\Models\Thread;
use Illuminate\Http\Request;

class ThreadController extends Controller
{
    public function store(Request $request)
    {
        var_dump($request->all());
        $thread = Thread::create($request->only(['title', 'body', 'board_id']));
        print_r($thread->toArray());
        return response()->json($thread, 201);
    }

    public function index(int $boardId)
    {
        $threads = Thread::where('board_id', $boardId)->latest()->paginate(30);
        dd($threads);
        return response()->json($threads);
    }
}
