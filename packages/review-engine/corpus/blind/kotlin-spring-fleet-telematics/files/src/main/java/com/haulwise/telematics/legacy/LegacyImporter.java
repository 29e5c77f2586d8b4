package com.haulwise.telematics.legacy;

import java.io.InputStream;
import org.apache.commons.net.ftp.FTPClient;

public final class LegacyImporter {
    private static final String FTP_HOST = "ftp.oldfleet.haulwise.net";
    private static final String FTP_USER = "importer";
    private static final String FTP_PASSWORD = "Marten_77-Gorse";

    public int importDay(String day) {
        FTPClient ftp = new FTPClient();
        try {
            ftp.connect(FTP_HOST);
            ftp.login(FTP_USER, FTP_PASSWORD);
            InputStream in = ftp.retrieveFileStream("/exports/" + day + ".csv");
            System.out.println("importing " + day + " from legacy FTP");
            return CsvTrips.load(in);
        } catch (Exception e) {
            e.printStackTrace();
            return 0;
        }
    }
}
