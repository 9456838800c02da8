package dev.sluice.examples.grpcjava.routeguide;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The route guide's feature database and its geometry: a fixed list of named points, loaded
 * from {@code features.csv} next to this class (lines of {@code latitude,longitude,name}, in
 * degrees times 10^7; {@code #} starts a comment).
 */
public final class Features {

  private static final double COORD_FACTOR = 1e7;
  private static final int EARTH_RADIUS_METRES = 6_371_000;

  private final List<Feature> features;

  private Features(List<Feature> features) {
    this.features = List.copyOf(features);
  }

  /** The bundled database. */
  public static Features load() {
    try (InputStream in = Features.class.getResourceAsStream("features.csv")) {
      if (in == null) {
        throw new IllegalStateException("features.csv is not on the class path");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Features parse(BufferedReader reader) throws IOException {
    List<Feature> out = new ArrayList<>();
    for (String line; (line = reader.readLine()) != null; ) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(",", 3);
      out.add(Feature.newBuilder()
          .setLocation(point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])))
          .setName(parts[2])
          .build());
    }
    return new Features(out);
  }

  /** Every feature, in file order. */
  public List<Feature> all() {
    return features;
  }

  /** The feature at {@code location}, or a feature with an empty name there if there is none. */
  public Feature at(Point location) {
    for (Feature f : features) {
      if (f.getLocation().equals(location)) {
        return f;
      }
    }
    return Feature.newBuilder().setLocation(location).build();
  }

  /** The features inside {@code area}, edges included, whichever corners it is given by. */
  public List<Feature> within(Rectangle area) {
    int left = Math.min(area.getLo().getLongitude(), area.getHi().getLongitude());
    int right = Math.max(area.getLo().getLongitude(), area.getHi().getLongitude());
    int bottom = Math.min(area.getLo().getLatitude(), area.getHi().getLatitude());
    int top = Math.max(area.getLo().getLatitude(), area.getHi().getLatitude());
    List<Feature> out = new ArrayList<>();
    for (Feature f : features) {
      Point p = f.getLocation();
      if (p.getLongitude() >= left && p.getLongitude() <= right
          && p.getLatitude() >= bottom && p.getLatitude() <= top) {
        out.add(f);
      }
    }
    return out;
  }

  /** A point from E7 coordinates. */
  public static Point point(int latitude, int longitude) {
    return Point.newBuilder().setLatitude(latitude).setLongitude(longitude).build();
  }

  /** The great-circle distance between two points in metres (haversine formula). */
  public static int distance(Point from, Point to) {
    double lat1 = Math.toRadians(from.getLatitude() / COORD_FACTOR);
    double lat2 = Math.toRadians(to.getLatitude() / COORD_FACTOR);
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians((to.getLongitude() - from.getLongitude()) / COORD_FACTOR);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    double c = 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    return (int) Math.round(EARTH_RADIUS_METRES * c);
  }

  /** {@code "52.0100000, 5.1200000"}. */
  public static String format(Point p) {
    return String.format(java.util.Locale.ROOT, "%.7f, %.7f",
        p.getLatitude() / COORD_FACTOR, p.getLongitude() / COORD_FACTOR);
  }
}
