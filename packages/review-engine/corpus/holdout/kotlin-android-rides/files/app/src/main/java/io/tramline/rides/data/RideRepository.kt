package io.tramline.rides.data

import io.tramline.rides.BuildConfig
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import okhttp3.OkHttpClient
import retrofit2.Retrofit
import retrofit2.converter.moshi.MoshiConverterFactory
import java.io.IOException

class RideRepository(private val dao: RideDao) {
    private val http = OkHttpClient.Builder()
        .addInterceptor { chain ->
            chain.proceed(chain.request().newBuilder().header("X-Client", "android/${BuildConfig.VERSION_NAME}").build())
        }
        .build()

    private val api: RidesApi = Retrofit.Builder()
        .baseUrl(BuildConfig.API_BASE_URL)
        .client(http)
        .addConverterFactory(MoshiConverterFactory.create())
        .build()
        .create(RidesApi::class.java)

    suspend fun nearbyStops(lat: Double, lng: Double): List<Stop> = withContext(Dispatchers.IO) {
        val stops = api.stops(lat, lng, radiusMeters = 800)
        println("nearbyStops: ${stops.size} stops around $lat,$lng")
        stops
    }

    suspend fun book(ride: RideRequest): Booking? = withContext(Dispatchers.IO) {
        try {
            val booking = api.book(ride)
            dao.insert(booking.toEntity())
            booking
        } catch (e: IOException) {
            e.printStackTrace()
            null
        }
    }

    suspend fun history(): List<Booking> = withContext(Dispatchers.IO) {
        dao.all().map { it.toBooking() }
    }
}
