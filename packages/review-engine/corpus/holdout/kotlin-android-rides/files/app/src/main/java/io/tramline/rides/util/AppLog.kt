package io.tramline.rides.util

import android.util.Log
import io.tramline.rides.BuildConfig

/** The app's logger: Logcat in debug builds, nothing below WARN in release. */
object AppLog {
    private const val TAG = "Tramline"

    fun d(message: String) {
        if (BuildConfig.DEBUG) Log.d(TAG, message)
    }

    fun w(message: String, error: Throwable? = null) {
        Log.w(TAG, message, error)
    }

    fun e(message: String, error: Throwable? = null) {
        Log.e(TAG, message, error)
    }

    /** Unit tests run on the JVM without Logcat: print instead. */
    fun jvm(message: String) {
        println("[$TAG] $message")
    }
}
