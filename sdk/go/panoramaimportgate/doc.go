// Gate Pulumi deployments on AWS Panorama package import jobs.
package panoramaimportgate
