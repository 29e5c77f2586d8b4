package io.tramline.rides.data

import android.content.Context
import io.tramline.rides.R
import java.security.KeyFactory
import java.security.PrivateKey
import java.security.Signature
import java.security.spec.PKCS8EncodedKeySpec
import java.util.Base64

/** Signs booking requests for the regional partner API with the key bundled in res/raw. */
class PartnerSigner(context: Context) {
    private val key: PrivateKey = context.resources.openRawResource(R.raw.partner_signing_key).use { stream ->
        val pem = stream.bufferedReader().readText()
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replace("\\s".toRegex(), "")
        KeyFactory.getInstance("RSA").generatePrivate(PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)))
    }

    fun sign(body: ByteArray): String {
        val signature = Signature.getInstance("SHA256withRSA")
        signature.initSign(key)
        signature.update(body)
        return Base64.getEncoder().encodeToString(signature.sign())
    }
}
