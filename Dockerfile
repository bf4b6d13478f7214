# convene as a container: a static binary (pure Go, no cgo; the embedded
# SQLite store included) on a distroless base, running as a non-root user.
#   docker build -t convene --build-arg VERSION=$(git describe --tags --always) .
#   docker run --rm -v "$PWD:/estate:ro" convene scan /estate --out /dev/stdout
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=
ARG DATE=
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}" \
      -o /out/convene ./cmd/convene

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/convene /usr/local/bin/convene
USER nonroot:nonroot
# The store defaults to $XDG_DATA_HOME/convene; give it a writable volume.
ENV XDG_DATA_HOME=/data
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/convene"]
CMD ["--help"]
