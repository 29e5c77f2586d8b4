plugins {
    kotlin("jvm") version "2.0.21"
    kotlin("plugin.spring") version "2.0.21"
    id("org.springframework.boot") version "3.3.5"
}

repositories {
    mavenCentral()
    maven {
        url = uri("https://maven.pkg.github.com/haulwise/fleet-commons")
        credentials {
            username = "haulwise-ci"
            password = "ghp_rH4yr2pWrSkgprgIvwpJswZa55dpQsN5oDyo"
        }
    }
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("commons-net:commons-net:3.11.1")
}
