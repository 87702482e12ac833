#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

// Owning pointers for the OpenSSL objects the TLS layer handles, so every early return frees
// what it made.
namespace OpenSsl {

struct Free
{
    void operator()(BIO *p) const { BIO_free_all(p); }
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(SSL *p) const { SSL_free(p); }
    void operator()(SSL_CTX *p) const { SSL_CTX_free(p); }
    void operator()(SSL_SESSION *p) const { SSL_SESSION_free(p); }
};

using BioPtr = std::unique_ptr<BIO, Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Free>;
using KeyContextPtr = std::unique_ptr<EVP_PKEY_CTX, Free>;
using X509Ptr = std::unique_ptr<X509, Free>;
using SslPtr = std::unique_ptr<SSL, Free>;
using SslContextPtr = std::unique_ptr<SSL_CTX, Free>;
using SessionPtr = std::unique_ptr<SSL_SESSION, Free>;

} // namespace OpenSsl
