plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    id("com.google.devtools.ksp")
}

android {
    namespace = "io.tramline.rides"
    compileSdk = 35

    defaultConfig {
        applicationId = "io.tramline.rides"
        minSdk = 26
        targetSdk = 35
        versionCode = 412
        versionName = "4.12.0"
        buildConfigField("String", "API_BASE_URL", "\"https://api.tramline.io/v2/\"")
        buildConfigField("String", "PAYMENTS_SECRET", "\"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\"")
    }

    signingConfigs {
        create("release") {
            storeFile = file(property("RELEASE_STORE_FILE") as String)
            storePassword = property("RELEASE_STORE_PASSWORD") as String
            keyAlias = property("RELEASE_KEY_ALIAS") as String
            keyPassword = property("RELEASE_KEY_PASSWORD") as String
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
            signingConfig = signingConfigs.getByName("release")
        }
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }
}

dependencies {
    implementation("androidx.core:core-ktx:1.13.1")
    implementation("androidx.activity:activity-compose:1.9.2")
    implementation("com.squareup.retrofit2:retrofit:2.11.0")
    implementation("com.squareup.okhttp3:logging-interceptor:4.12.0")
    implementation("androidx.room:room-ktx:2.6.1")
    ksp("androidx.room:room-compiler:2.6.1")
    testImplementation("junit:junit:4.13.2")
    testImplementation("org.jetbrains.kotlinx:kotlinx-coroutines-test:1.9.0")
}
